<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CapsulePage</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Position in the video</source>
        <translation>Position dans la vidéo</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Vitesse de lecture</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Subtitles language</source>
        <translation>Langue des sous-titres</translation>
    </message>
    <message>
        <source>Subtitles</source>
        <translation>Sous-titres</translation>
    </message>
    <message>
        <source>Video quality</source>
        <translation>Qualité vidéo</translation>
    </message>
    <message>
        <source>Video quality: a lighter file plays better on old computers</source>
        <translation>Qualité vidéo : un fichier plus léger passe mieux sur un ordinateur ancien</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Plein écran</translation>
    </message>
    <message>
        <source>Full screen (F)</source>
        <translation>Plein écran (F)</translation>
    </message>
    <message>
        <source>Test yourself</source>
        <translation>Je me teste</translation>
    </message>
    <message>
        <source>&amp;Discuss</source>
        <translation>&amp;Discuter</translation>
    </message>
    <message>
        <source>Talk about this capsule with the other learners (course forum)</source>
        <translation>Parler de cette capsule avec les autres apprenants (forum du cours)</translation>
    </message>
    <message>
        <source>Back to the course</source>
        <translation>Retour au cours</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcription</translation>
    </message>
    <message>
        <source>Search the transcript</source>
        <translation>Chercher dans la transcription</translation>
    </message>
    <message>
        <source>Transcript: choose a line to go to that moment</source>
        <translation>Transcription : choisissez une ligne pour aller à ce moment</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>My certificate</source>
        <translation>Mon certificat</translation>
    </message>
    <message>
        <source>Next capsule: %1</source>
        <translation>Capsule suivante : %1</translation>
    </message>
    <message>
        <source>Standard quality</source>
        <translation>Qualité standard</translation>
    </message>
    <message>
        <source>Light (old computers)</source>
        <translation>Légère (ordinateurs anciens)</translation>
    </message>
    <message>
        <source>Sound only</source>
        <translation>Son seul</translation>
    </message>
    <message>
        <source>French</source>
        <translation>français</translation>
    </message>
    <message>
        <source>English</source>
        <translation>anglais</translation>
    </message>
    <message>
        <source>No subtitles</source>
        <translation>Sans sous-titres</translation>
    </message>
    <message>
        <source>Subtitles: %1</source>
        <translation>Sous-titres : %1</translation>
    </message>
    <message>
        <source>Sound only: follow with the subtitles and the transcript.</source>
        <translation>Son seul : suivez avec les sous-titres et la transcription.</translation>
    </message>
    <message>
        <source>No sound device was found on this computer: follow with the subtitles and the transcript.</source>
        <translation>Aucune sortie son n’a été trouvée sur cet ordinateur : suivez avec les sous-titres et la transcription.</translation>
    </message>
    <message>
        <source>This video cannot be played on this computer. The subtitles and the transcript still work; you can also try the light or sound-only version.</source>
        <translation>Cette vidéo ne peut pas être lue sur cet ordinateur. Les sous-titres et la transcription restent disponibles ; vous pouvez aussi essayer la version légère ou le son seul.</translation>
    </message>
    <message>
        <source>This capsule has no video file.</source>
        <translation>Cette capsule n’a pas de fichier vidéo.</translation>
    </message>
    <message>
        <source>The subtitles of this capsule could not be read.</source>
        <translation>Les sous-titres de cette capsule n’ont pas pu être lus.</translation>
    </message>
    <message>
        <source>The transcript of this capsule could not be read.</source>
        <translation>La transcription de cette capsule n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pause (Espace)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Lecture (Espace)</translation>
    </message>
    <message>
        <source>The video is playing</source>
        <translation>La vidéo est en cours de lecture</translation>
    </message>
    <message>
        <source>The video is paused</source>
        <translation>La vidéo est en pause</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Lines found: %1</source>
        <translation>Lignes trouvées : %1</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Aucun résultat</translation>
    </message>
</context>
</TS>
