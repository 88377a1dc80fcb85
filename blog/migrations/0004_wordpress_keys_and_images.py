"""WordPress imports: posts keyed by a stable key (ID, else GUID), uploads remembered."""

import django.db.models.deletion
from django.db import migrations, models


def keys_from_ids(apps, schema_editor):
    WordPressPost = apps.get_model("blog", "WordPressPost")
    for record in WordPressPost.objects.all().only("pk", "wp_id"):
        WordPressPost.objects.filter(pk=record.pk).update(key=str(record.wp_id))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_wordpress_import"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="wordpresspost",
            name="key",
            field=models.CharField(
                default="", max_length=255, verbose_name="WordPress key"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(keys_from_ids, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="wordpresspost", name="unique_wordpress_post"
        ),
        migrations.AddConstraint(
            model_name="wordpresspost",
            constraint=models.UniqueConstraint(
                fields=("source", "key"), name="unique_wordpress_post_key"
            ),
        ),
        migrations.CreateModel(
            name="WordPressImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "source",
                    models.CharField(max_length=200, verbose_name="WordPress site"),
                ),
                (
                    "path",
                    models.CharField(max_length=255, verbose_name="path in uploads"),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="image",
                    ),
                ),
            ],
            options={
                "verbose_name": "imported WordPress image",
                "verbose_name_plural": "imported WordPress images",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "path"), name="unique_wordpress_image"
                    )
                ],
            },
        ),
    ]
